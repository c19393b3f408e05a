import { UserCode, userCode } from './userCode';

/** What a `--fail-after` failure throws: the exception, its message and its frames, innermost first. */
export interface MapFailure {
  className: string;
  message: string;
  frames: string[];
}

const known = new WeakMap<Uint8Array, Map<string, UserCode | undefined>>();

/** The jar's own code for an entry class, read once per jar. */
function codeOf(jar: Uint8Array, entryClass: string): UserCode | undefined {
  let byEntry = known.get(jar);
  if (!byEntry) known.set(jar, (byEntry = new Map()));
  if (!byEntry.has(entryClass)) byEntry.set(entryClass, userCode(jar, entryClass));
  return byEntry.get(entryClass);
}

/**
 * The map's failure on record `seq`, as Flink 1.20 reports it: the job's own frames from its jar
 * when the JobManager has the jar and can read it (see userCode.ts for the rule); otherwise frames
 * named after the entry class stand in for the job's own (a map and a `<Entry>Source`).
 */
export function mapFailure(program: { entryClass: string; jar?: Uint8Array }, seq: number, failAfter: number | undefined): MapFailure {
  const entryClass = program.entryClass;
  const simple = entryClass.slice(entryClass.lastIndexOf('.') + 1);
  const pkg = entryClass.slice(0, Math.max(0, entryClass.lastIndexOf('.')));
  const code = program.jar && codeOf(program.jar, entryClass);
  const mapFrames = code?.mapFrames ?? [`\tat ${entryClass}.map(${simple}.java:42)`, `\tat ${entryClass}.map(${simple}.java:18)`];
  const sourceFrame = code ? code.sourceFrame : `\tat ${pkg ? `${pkg}.` : ''}${simple}Source.run(${simple}Source.java:61)`;
  return {
    className: code?.exceptionClass ?? 'java.lang.IllegalStateException',
    message: code?.messageFormat?.replace(/%[ds]/g, String(seq)) ?? `${simple} failed on record ${seq}: --fail-after ${failAfter} reached`,
    frames: [
      ...mapFrames,
      ...FLINK_MAP_FRAMES,
      ...(sourceFrame ? [...LEGACY_SOURCE_FRAMES, sourceFrame, ...LEGACY_SOURCE_TASK_FRAMES] : SOURCE_OPERATOR_FRAMES),
    ],
  };
}

/** Flink 1.20's frames between a chained map and the operator feeding it. */
const FLINK_MAP_FRAMES = [
  '\tat org.apache.flink.streaming.api.operators.StreamMap.processElement(StreamMap.java:38)',
  '\tat org.apache.flink.streaming.runtime.tasks.CopyingChainingOutput.pushToOperator(CopyingChainingOutput.java:75)',
  '\tat org.apache.flink.streaming.runtime.tasks.CopyingChainingOutput.collect(CopyingChainingOutput.java:50)',
  '\tat org.apache.flink.streaming.runtime.tasks.CopyingChainingOutput.collect(CopyingChainingOutput.java:29)',
];
/** From a legacy SourceFunction's `SourceContext.collect` call to the map, as Flink 1.20 prints it. */
const LEGACY_SOURCE_FRAMES = [
  '\tat org.apache.flink.streaming.api.operators.StreamSourceContexts$ManualWatermarkContext.processAndCollect(StreamSourceContexts.java:425)',
  '\tat org.apache.flink.streaming.api.operators.StreamSourceContexts$WatermarkContext.collect(StreamSourceContexts.java:520)',
  '\tat org.apache.flink.streaming.api.operators.StreamSourceContexts$SwitchingOnClose.collect(StreamSourceContexts.java:110)',
];
/** Below a legacy SourceFunction's `run`: the thread Flink runs it in. */
const LEGACY_SOURCE_TASK_FRAMES = [
  '\tat org.apache.flink.streaming.api.operators.StreamSource.run(StreamSource.java:114)',
  '\tat org.apache.flink.streaming.api.operators.StreamSource.run(StreamSource.java:71)',
  '\tat org.apache.flink.streaming.runtime.tasks.SourceStreamTask$LegacySourceFunctionThread.run(SourceStreamTask.java:338)',
];
/** A FLIP-27 source (such as `fromSequence`) emitting into the map, down to the task's thread. */
const SOURCE_OPERATOR_FRAMES = [
  '\tat org.apache.flink.streaming.api.operators.source.SourceOutputWithWatermarks.collect(SourceOutputWithWatermarks.java:110)',
  '\tat org.apache.flink.api.connector.source.lib.util.IteratorSourceReaderBase.pollNext(IteratorSourceReaderBase.java:111)',
  '\tat org.apache.flink.streaming.api.operators.SourceOperator.emitNext(SourceOperator.java:421)',
  '\tat org.apache.flink.streaming.runtime.io.StreamTaskSourceInput.emitNext(StreamTaskSourceInput.java:68)',
  '\tat org.apache.flink.streaming.runtime.io.StreamOneInputProcessor.processInput(StreamOneInputProcessor.java:65)',
  '\tat org.apache.flink.streaming.runtime.tasks.StreamTask.processInput(StreamTask.java:638)',
  '\tat org.apache.flink.streaming.runtime.tasks.mailbox.MailboxProcessor.runMailboxLoop(MailboxProcessor.java:231)',
  '\tat org.apache.flink.streaming.runtime.tasks.StreamTask.runMailboxLoop(StreamTask.java:973)',
  '\tat org.apache.flink.streaming.runtime.tasks.StreamTask.invoke(StreamTask.java:917)',
  '\tat org.apache.flink.runtime.taskmanager.Task.runWithSystemExitMonitoring(Task.java:970)',
  '\tat org.apache.flink.runtime.taskmanager.Task.doRun(Task.java:949)',
  '\tat org.apache.flink.runtime.taskmanager.Task.run(Task.java:763)',
  '\tat java.base/java.lang.Thread.run(Thread.java:833)',
];
