// The tokens moved to the pipeline tier (the inbox token guard checks them); this path stays for its importers.
export * from '../../pipeline/authentication/inbox-session.token';
