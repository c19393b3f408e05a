package com.example.orders;

import java.util.HashMap;
import java.util.Map;

/** The job's {@code --name value} arguments, as the run dialog and {@code flink run} pass them. */
final class JobArgs {
  private final Map<String, String> values = new HashMap<>();

  JobArgs(String[] args) {
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("Expected --name value, got: " + args[i]);
      }
      String name = args[i].substring(2);
      String value = i + 1 < args.length && !args[i + 1].startsWith("--") ? args[++i] : "true";
      values.put(name, value);
    }
  }

  String get(String name, String fallback) {
    return values.getOrDefault(name, fallback);
  }

  long getLong(String name, long fallback) {
    String value = values.get(name);
    return value == null ? fallback : Long.parseLong(value.trim());
  }
}
