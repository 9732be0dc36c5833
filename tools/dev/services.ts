/** Every Herald service process and the port its health routes (and, for the gateway, the API) listen on. */
export const SERVICES = [
  { app: 'api-gateway', port: 3000 },
  { app: 'attachment-service', port: 3001 },
  { app: 'trigger-worker', port: 3002 },
  { app: 'runner-email', port: 3003 },
  { app: 'runner-sms', port: 3004 },
  { app: 'runner-push', port: 3005 },
  { app: 'runner-chat', port: 3006 },
  { app: 'runner-in-app', port: 3007 },
] as const;

export type ServiceName = (typeof SERVICES)[number]['app'];
