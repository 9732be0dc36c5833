import { Novu } from '@novu/api';

/** A JSON response as the control-plane specs inspect it. */
export interface JsonResponse {
  status: number;
  headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- specs read arbitrary response fields
  body: any;
}

/** Raw HTTP against the gateway with one `Authorization` header, as a curl user would call it. */
export function httpClient(baseUrl: string, authorization: string) {
  return async (method: string, path: string, body?: unknown): Promise<JsonResponse> => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { authorization, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
  };
}

/** The official SDK pointed at the gateway, without its hour-long retry policy (a failure must fail the test now). */
export function novuClient(baseUrl: string, apiKey: string): Novu {
  return new Novu({ secretKey: apiKey, serverURL: baseUrl, retryConfig: { strategy: 'none' } });
}
