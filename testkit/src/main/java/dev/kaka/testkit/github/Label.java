package dev.kaka.testkit.github;

/** A repository label; GitHub creates one on the fly when an unknown name is added to an issue. */
record Label(long id, String name, String color) {}
