// Tables of the cockpit domain, as Kysely sees them.
// biome-ignore lint/suspicious/noEmptyInterface: filled as the domain's migrations add tables
export interface CockpitTables {}
