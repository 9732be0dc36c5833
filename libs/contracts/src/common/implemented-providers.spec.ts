import { DELIVERY_CHANNELS } from './channel.schema';
import { channelOfImplementedProvider, IMPLEMENTED_PROVIDERS } from './implemented-providers';

describe('IMPLEMENTED_PROVIDERS', () => {
  it('lists every channel, each id once across all channels', () => {
    expect(Object.keys(IMPLEMENTED_PROVIDERS).sort()).toEqual([...DELIVERY_CHANNELS].sort());
    const ids = Object.values(IMPLEMENTED_PROVIDERS).flat();
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('finds the channel of an implemented id only', () => {
    expect(channelOfImplementedProvider('ses')).toBe('email');
    expect(channelOfImplementedProvider('telegram')).toBe('chat');
    expect(channelOfImplementedProvider('mailjet')).toBeUndefined();
    expect(channelOfImplementedProvider('constructor')).toBeUndefined();
  });
});
