// A customer's web app as Novu documents it: Novu's own <Inbox /> with only its URLs pointed at
// Herald. Settings come from the query string so one bundle serves every test.
import { Inbox } from '@novu/react';
import { createRoot } from 'react-dom/client';

const settings = new URLSearchParams(window.location.search);
const required = (name: string): string => {
  const value = settings.get(name);
  if (!value) throw new Error(`inbox page: ?${name}= is missing`);
  return value;
};

const root = document.getElementById('root');
if (!root) throw new Error('inbox page: #root is missing');
createRoot(root).render(
  <Inbox
    applicationIdentifier={required('applicationIdentifier')}
    subscriberId={required('subscriberId')}
    subscriberHash={settings.get('subscriberHash') ?? undefined}
    backendUrl={required('backendUrl')}
    socketUrl={required('socketUrl')}
  />,
);
