/**
 * Volume drivers: the {@link dev.berth.volume.driver.VolumeDriver} SPI, the registry, and the local driver.
 * Vocabulary: a volume's <em>mount id</em> is one user of its mounted data (one per container mount); mount ids
 * are counted only in the driver's volume object. Container <em>references</em> are not a driver concern (see
 * {@code dev.berth.volume}). Must not import {@code dev.berth.volume} or {@code dev.berth.api}.
 */
package dev.berth.volume.driver;
