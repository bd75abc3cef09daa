// The `yiyang` command: serve, migrate, seed, import, export and the domain jobs.
import { Command } from 'commander';
import { registerAlarmCommands } from '../domain/alarms/commands.js';
import { registerAssessmentCommands } from '../domain/assessment/commands.js';
import { registerInstitutionCommands } from '../domain/institutions/commands.js';
import { registerCoreCommands } from './core-commands.js';
import { registerElderCommands } from './elder-commands.js';
import { registerMoneyCommands } from './money-commands.js';
import { registerSeedCommands } from './seed-commands.js';

const program = new Command();
program.name('yiyang').description('Yiyang 颐养 — smart elderly-care service platform').showHelpAfterError();
registerCoreCommands(program);
registerElderCommands(program);
registerSeedCommands(program);
registerInstitutionCommands(program);
registerAssessmentCommands(program);
registerMoneyCommands(program);
registerAlarmCommands(program);
await program.parseAsync(process.argv);
