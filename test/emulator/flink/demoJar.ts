import * as path from 'node:path';

/** The demo workspace's Flink job project: Java sources and a jar built from them (build.sh). */
export const DEMO_JOB_DIR = path.join(__dirname, '..', '..', '..', 'demo', 'workspace', 'orders-job');
/** The demo job's jar, committed, as `npm start` puts it in the Explorer. */
export const DEMO_JAR_PATH = path.join(DEMO_JOB_DIR, 'target', 'orders-job-1.0.jar');
/** Where the emulator's artifact repository serves the demo jar, for FlinkSessionJobs' `jarURI`. */
export const DEMO_JAR_URL = 'https://artifacts.example.com/flink/orders-job-1.0.jar';
/** The class the jar's manifest names. */
export const DEMO_ENTRY_CLASS = 'com.example.orders.OrdersJob';
