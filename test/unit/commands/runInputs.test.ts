import * as assert from 'node:assert/strict';
import {
  entryClassProblem,
  formatArgs,
  jarUriProblem,
  nameFromJar,
  parseArgs,
  savepointProblem,
  taskNameProblem,
  uniqueName,
} from '../../../src/commands/tasks/runInputs';

describe('Run Task inputs', () => {
  it('splits arguments as a shell does: quotes group, backslash escapes', () => {
    assert.deepEqual(parseArgs(''), { args: [] });
    assert.deepEqual(parseArgs('  --a 1   --b  '), { args: ['--a', '1', '--b'] });
    assert.deepEqual(parseArgs(`--w "5 minutes" --n 'a "b"' x\\ y ""`), { args: ['--w', '5 minutes', '--n', 'a "b"', 'x y', ''] });
    assert.deepEqual(parseArgs(`"say \\"hi\\"" 'it\\'s`), { args: ['say "hi"', 'it\\s'] }, 'no escape inside single quotes');
    assert.deepEqual(parseArgs(`--name 'open`), { error: "A quote (') is not closed." });
    assert.deepEqual(parseArgs('a\\'), { error: 'The arguments end with a lone backslash.' });
    assert.deepEqual(parseArgs(`--sql "SELECT * FROM t"`), { args: ['--sql', 'SELECT * FROM t'] });
  });

  it('writes arguments back as a line that splits into the same list', () => {
    for (const args of [[], ['--a', '1'], ['5 minutes', `it's`, '', 'a"b', '$HOME', 'x\\y']]) {
      const line = formatArgs(args);
      assert.deepEqual(parseArgs(line), { args }, line);
    }
    assert.equal(formatArgs(['--input', 's3://b/in', '--n', 'a b']), `--input s3://b/in --n 'a b'`);
  });

  it('names a task from its jar, without version, and steps around taken names', () => {
    assert.equal(nameFromJar('/ws/target/fraud-detection-1.2-SNAPSHOT.jar'), 'fraud-detection');
    assert.equal(nameFromJar('C:\\ws\\TopPages_v2.jar'), 'toppages');
    assert.equal(nameFromJar('https://repo/jobs/word_count.jar'), 'word-count');
    assert.equal(nameFromJar('/ws/__.jar'), 'task');
    assert.equal(taskNameProblem(nameFromJar('/ws/' + 'x'.repeat(80) + '.jar')), undefined);
    const taken = new Set(['job', 'job-2']);
    assert.equal(
      uniqueName('job', (n) => taken.has(n)),
      'job-3',
    );
    assert.equal(
      uniqueName('free', (n) => taken.has(n)),
      'free',
    );
  });

  it('checks names, classes, savepoints and jar URIs', () => {
    assert.equal(taskNameProblem('fraud-2'), undefined);
    for (const bad of ['', 'Fraud', '-a', 'a-', 'a_b', 'a.b']) assert.ok(taskNameProblem(bad), bad);
    assert.equal(entryClassProblem('com.example.Job$Inner'), undefined);
    assert.ok(entryClassProblem('com..Job'));
    assert.ok(entryClassProblem('1com.Job'));
    assert.equal(savepointProblem('s3://bucket/sp/savepoint-1'), undefined);
    assert.equal(savepointProblem('/flink/savepoints/savepoint-1'), undefined);
    assert.ok(savepointProblem('savepoint-1'));
    assert.ok(savepointProblem('s3://a b'));
    assert.equal(jarUriProblem('https://repo.example.com/a.jar'), undefined);
    assert.equal(jarUriProblem('local:///opt/flink/usrlib/a.jar'), undefined);
    assert.ok(jarUriProblem('repo/a.jar'));
    assert.ok(jarUriProblem('https://repo.example.com/a.zip'));
  });
});
