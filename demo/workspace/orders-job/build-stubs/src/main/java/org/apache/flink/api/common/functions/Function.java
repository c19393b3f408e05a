// Compile-only stand-in for Flink 1.20.0 (provided by the cluster at run time); same signature.
package org.apache.flink.api.common.functions;

public interface Function extends java.io.Serializable {}
