// Compile-only stand-in for Flink 1.20.0 (provided by the cluster at run time); same signature.
package org.apache.flink.util;

import java.time.Duration;

public class TimeUtils {
  public static Duration parseDuration(String text) {
    throw new UnsupportedOperationException("stub");
  }
}
