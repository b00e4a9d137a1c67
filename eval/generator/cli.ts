/**
 * `node out/eval/generator/cli.js --seed 7 --records 20000 --out eval/.data/s7 [--format mixed|chat|…]
 *  [--gzip] [--days 14] [--no-noise] [--no-campaigns] [--permissive-only] [--single-file]`
 */
import { FORMATS, type ExportFormat } from './formats';
import { generateScenario, generateToFile, type GenerateOptions } from './writer';

function parseArgs(argv: string[]): { out: string; single: boolean; options: GenerateOptions } {
  const options: GenerateOptions = { seed: 1, records: 20000 };
  let out = '';
  let single = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    switch (arg) {
      case '--seed': options.seed = Number(value()); break;
      case '--records': options.records = Number(value()); break;
      case '--days': options.days = Number(value()); break;
      case '--out': out = value(); break;
      case '--name': options.name = value(); break;
      case '--format': {
        const f = value();
        if (f !== 'mixed' && !(FORMATS as readonly string[]).includes(f)) throw new Error(`--format: one of mixed, ${FORMATS.join(', ')}`);
        options.format = f as ExportFormat | 'mixed';
        break;
      }
      case '--gzip': options.gzip = true; break;
      case '--no-noise': options.noise = false; break;
      case '--no-campaigns': options.campaigns = false; break;
      case '--permissive-only': options.permissiveOnly = true; break;
      case '--single-file': single = true; break;
      default: throw new Error(`unknown option ${arg}`);
    }
  }
  if (!out) throw new Error('--out is required (a folder, or a file with --single-file)');
  if (!Number.isInteger(options.seed) || !(options.records > 0)) throw new Error('--seed must be an integer and --records > 0');
  return { out, single, options };
}

async function main(): Promise<void> {
  const { out, single, options } = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const truth = single ? await generateToFile(out, options) : await generateScenario(out, options);
  const lines = truth.files.reduce((sum, f) => sum + f.lines, 0);
  console.log(`${truth.records} records, ${lines} lines in ${truth.files.length} file(s) → ${out} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  for (const c of truth.campaigns) {
    console.log(`  ${c.id}: ${c.accounts.length} accounts, ${c.records} records, ${c.templates.length} templates${c.pivot ? `, pivot → ${c.pivot.to}` : ''}`);
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
