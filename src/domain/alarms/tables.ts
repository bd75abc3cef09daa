// Tables of the alarms domain, as Kysely sees them.
// biome-ignore lint/suspicious/noEmptyInterface: filled as the domain's migrations add tables
export interface AlarmTables {}
