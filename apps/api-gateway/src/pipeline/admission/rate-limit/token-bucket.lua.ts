/**
 * `takeTokens` of token-bucket.ts as a Lua function for scripts run atomically in Redis, on
 * Redis's clock (one clock for every replica): `take_tokens(key, capacity, rate, cost)` admits
 * when the bucket holds min(cost, capacity) tokens, then takes the full cost (the bucket may go
 * negative: debt), and returns `allowed` (1 or 0) and the tokens left. The bucket expires once
 * it would be full again.
 */
export const TAKE_TOKENS_LUA = `
local function take_tokens(key, capacity, rate, cost)
  local time = redis.call('TIME')
  local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
  local state = redis.call('HMGET', key, 'tokens', 'at')
  local tokens = tonumber(state[1]) or capacity
  local at = tonumber(state[2]) or now
  if now > at then
    tokens = math.min(capacity, tokens + (now - at) * rate / 1000)
    at = now
  end
  local allowed = 0
  if tokens >= math.min(cost, capacity) then
    tokens = tokens - cost
    allowed = 1
  end
  redis.call('HSET', key, 'tokens', tostring(tokens), 'at', tostring(at))
  redis.call('PEXPIRE', key, math.ceil((capacity - tokens) * 1000 / rate) + 1000)
  return allowed, tokens
end
`;
