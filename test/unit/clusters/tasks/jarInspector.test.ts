import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { inspectJar, inspectJarBytes, JarInspectionError, parseManifest } from '../../../../src/clusters/session/tasks/jarInspector';
import { classFile, jarWith, MAIN, PUBLIC, STATIC, zip } from './jarFixtures';

const FIXTURE = path.join(__dirname, '..', '..', 'fixtures', 'jars', 'orders-enrichment.jar');
const PKG = 'com.example.streaming.analytics.enrichment.orders';

const mainOf = (access = PUBLIC | STATIC) => ({ name: 'main', descriptor: MAIN, access });
const cls = (internal: string, access: number, methods = [mainOf()]) => ({
  name: `${internal}.class`,
  data: classFile(internal, access, methods),
});

describe('jarInspector: what a jar offers to run', () => {
  it('reads a jar built by javac and jar: the wrapped Main-Class, and only the public classes with a public static main', async () => {
    const r = await inspectJar(FIXTURE);
    assert.equal(r.fileName, 'orders-enrichment.jar');
    assert.equal(r.size, fs.statSync(FIXTURE).size);
    // `jar` wraps the Main-Class line at 72 bytes: the continuation joins it again.
    assert.equal(r.mainClass, `${PKG}.OrderEnrichmentStreamingJob`);
    assert.deepEqual(r.classesWithMain, [
      `${PKG}.OrderEnrichmentStreamingJob`,
      `${PKG}.OrderEnrichmentStreamingJob$Backfill`,
      `${PKG}.ReportJob`, // a varargs main is still main(String[])
    ]);
    // Not offered: Helpers (static, not public main; main(String) returning int), InstanceMain (not
    // static), PackagePrivateJob and OrderEnrichmentStreamingJob$Quiet (the class is not public).
    assert.equal(r.classesInspected, 7);
    assert.equal(r.capped, false);
    assert.equal(r.unreadable, 0);
  });

  it('the same answer from the bytes in memory', async () => {
    const r = await inspectJarBytes('x.jar', fs.readFileSync(FIXTURE));
    assert.equal(r.mainClass, `${PKG}.OrderEnrichmentStreamingJob`);
    assert.equal(r.classesWithMain.length, 3);
  });

  it('decides by the method, not by the name: main of the wrong shape or access is not offered', async () => {
    const jar = jarWith(undefined, [
      cls('a/Good', PUBLIC),
      cls('a/NotStatic', PUBLIC, [mainOf(PUBLIC)]),
      cls('a/NotPublicMethod', PUBLIC, [mainOf(STATIC)]),
      cls('a/PrivateMain', PUBLIC, [mainOf(0x0002 | STATIC)]),
      cls('a/NotPublicClass', 0x0020, [mainOf()]),
      cls('a/WrongDescriptor', PUBLIC, [{ name: 'main', descriptor: '([Ljava/lang/Object;)V', access: PUBLIC | STATIC }]),
      cls('a/Returns', PUBLIC, [{ name: 'main', descriptor: '([Ljava/lang/String;)I', access: PUBLIC | STATIC }]),
      cls('a/MainJob', PUBLIC, [{ name: 'run', descriptor: MAIN, access: PUBLIC | STATIC }]),
      cls('a/Several', PUBLIC | 0x0010, [{ name: 'toString', descriptor: '()Ljava/lang/String;', access: PUBLIC }, mainOf()]),
    ]);
    const r = await inspectJarBytes('app.jar', jar);
    assert.equal(r.mainClass, undefined);
    assert.deepEqual(r.classesWithMain, ['a.Good', 'a.Several']);
    assert.equal(r.classesInspected, 9);
  });

  it('reads stored and deflated entries, and zip64 records', async () => {
    const entries = [
      { ...cls('s/Stored', PUBLIC), method: 'store' as const },
      { ...cls('d/Deflated', PUBLIC), method: 'deflate' as const },
    ];
    for (const zip64 of [false, true]) {
      const bytes = zip([{ name: 'META-INF/MANIFEST.MF', data: 'Main-Class: s.Stored\n', method: 'deflate' }, ...entries], {
        zip64,
        comment: 'built by a test',
      });
      const r = await inspectJarBytes('z.jar', bytes);
      assert.equal(r.mainClass, 's.Stored', `zip64: ${zip64}`);
      assert.deepEqual(r.classesWithMain, ['d.Deflated', 's.Stored'], `zip64: ${zip64}`);
    }
  });

  it('prefers Flink’s program-class to Main-Class, as Flink does', async () => {
    const jar = zip([{ name: 'META-INF/MANIFEST.MF', data: 'Manifest-Version: 1.0\nMain-Class: a.Launcher\nprogram-class: a.Job\n\n' }]);
    assert.equal((await inspectJarBytes('p.jar', jar)).mainClass, 'a.Job');
  });

  it('skips library packages, but still reads the manifest’s class and Flink’s examples', async () => {
    const jar = jarWith('org.apache.flink.client.cli.CliFrontend', [
      cls('org/apache/flink/client/cli/CliFrontend', PUBLIC),
      cls('org/apache/flink/runtime/Other', PUBLIC),
      cls('scala/tools/nsc/MainClass', PUBLIC),
      cls('com/google/common/Tool', PUBLIC),
      cls('com/acme/shaded/io/netty/Util', PUBLIC),
      cls('org/apache/flink/streaming/examples/wordcount/WordCount', PUBLIC),
      cls('com/acme/Job', PUBLIC),
    ]);
    const r = await inspectJarBytes('fat.jar', jar);
    assert.deepEqual(r.classesWithMain, [
      'com.acme.Job',
      'org.apache.flink.client.cli.CliFrontend',
      'org.apache.flink.streaming.examples.wordcount.WordCount',
    ]);
    assert.equal(r.librarySkipped, 4);
    assert.equal(r.classesInspected, 3);
  });

  it('reads at most maxClasses class files, the manifest’s first, and says it stopped', async () => {
    const classes = Array.from({ length: 30 }, (_, i) => cls(`big/C${String(i).padStart(2, '0')}`, PUBLIC));
    const r = await inspectJarBytes('big.jar', jarWith('big.C29', classes), { maxClasses: 10 });
    assert.equal(r.capped, true);
    assert.equal(r.classesInspected, 10);
    assert.deepEqual(r.classesWithMain, [
      'big.C00',
      'big.C01',
      'big.C02',
      'big.C03',
      'big.C04',
      'big.C05',
      'big.C06',
      'big.C07',
      'big.C08',
      'big.C29',
    ]);
    assert.equal((await inspectJarBytes('big.jar', jarWith(undefined, classes), { maxClasses: 30 })).capped, false);
  });

  it('counts class files it cannot read instead of failing the jar', async () => {
    const jar = jarWith(undefined, [
      { name: 'x/Broken.class', data: Buffer.from('not a class file at all') },
      { name: 'x/Cut.class', data: classFile('x/Cut', PUBLIC, [mainOf()]).subarray(0, 30) },
      cls('x/Fine', PUBLIC),
      { name: 'META-INF/versions/11/x/Fine.class', data: classFile('x/Fine', PUBLIC, [mainOf()]) },
      { name: 'module-info.class', data: Buffer.from([0xca, 0xfe]) },
    ]);
    const r = await inspectJarBytes('odd.jar', jar);
    assert.deepEqual(r.classesWithMain, ['x.Fine']);
    assert.equal(r.unreadable, 2);
    assert.equal(r.classesInspected, 3);
  });

  it('refuses what is not a jar, saying so', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dc-jar-'));
    const notZip = path.join(dir, 'x.jar');
    fs.writeFileSync(notZip, 'just some text, no zip here\n'.repeat(100));
    await assert.rejects(
      inspectJar(notZip),
      (e: Error) => e instanceof JarInspectionError && e.message === 'x.jar is not a jar (no zip central directory).',
    );
    fs.writeFileSync(notZip, '');
    await assert.rejects(inspectJar(notZip), /x\.jar is not a jar \(no zip central directory\)/);
    // A zip cut short: the end record is there, the directory it points at is not.
    const cut = zip([{ name: 'a.txt', data: 'hello' }]);
    await assert.rejects(inspectJarBytes('cut.jar', cut.subarray(cut.length - 22)), /cut\.jar is not a readable jar/);
    await assert.rejects(inspectJar(path.join(dir, 'missing.jar')), /Cannot read missing\.jar/);
  });

  describe('parseManifest', () => {
    it('joins continuation lines, stops at the main section’s end, and matches names case-insensitively', () => {
      const m = parseManifest(
        [
          'Manifest-Version: 1.0',
          'Main-Class: com.example.very.long.package.name.that.goes.past.seventy-two.by',
          ' tes.MainJob',
          'Class-Path: lib/a.jar',
          '  lib/b.jar',
          'program-class:x.Y',
          '',
          'Name: com/example/',
          'Main-Class: not.the.main.section',
          '',
        ].join('\r\n'),
      );
      assert.equal(m.get('main-class'), 'com.example.very.long.package.name.that.goes.past.seventy-two.bytes.MainJob');
      assert.equal(m.get('class-path'), 'lib/a.jar lib/b.jar');
      assert.equal(m.get('program-class'), 'x.Y');
      assert.equal(m.get('manifest-version'), '1.0');
      assert.equal(m.has('name'), false);
    });

    it('takes LF and CR line ends alike', () => {
      assert.equal(parseManifest('Main-Class: a.\n B\n').get('main-class'), 'a.B');
      assert.equal(parseManifest('Main-Class: a.\r B\r').get('main-class'), 'a.B');
    });
  });
});
