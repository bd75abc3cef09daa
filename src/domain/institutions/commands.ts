// `yiyang waitlist-expire` (for cron: expire overdue bed offers and pass the beds on) and
// `yiyang seed-beds` (beds for institutions registered without them).
import type { Command } from 'commander';
import { withDatabase } from '../../db/with-database.js';
import { expireDueOffers } from './offers.js';
import { seedInstitutionBeds } from './seed.js';

export function registerInstitutionCommands(program: Command): void {
  program
    .command('waitlist-expire')
    .description('expire overdue waiting-list bed offers and offer the beds to the next applicants')
    .action(async () => {
      await withDatabase(async ({ db }) => console.log(`${await expireDueOffers(db)} offers expired`));
    });
  program
    .command('seed-beds')
    .description('create beds for every institution that has none, from its registered bed counts')
    .action(async () => {
      await withDatabase(async ({ db }) => console.log(`${await seedInstitutionBeds(db)} beds created`));
    });
}
