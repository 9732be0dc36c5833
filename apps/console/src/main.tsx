import '@mantine/core/styles.css';
import './console.css';

import { createRoot } from 'react-dom/client';

import { ConsoleApp } from './console-app';
import { OperatorApp } from './operator/operator-app';
import { isOperatorConsole } from './operator/operator-route';

// The page's Content-Security-Policy allows inline <style> only with this nonce (Mantine writes its
// CSS variables that way); the gateway puts it on this script's tag.
const styleNonce = (document.currentScript as HTMLScriptElement | null)?.nonce ?? '';

const root = document.getElementById('root');
if (!root) throw new Error('console: #root is missing');
// One bundle, two consoles: the operator's is served at /admin/console by the operator listener only.
createRoot(root).render(
  isOperatorConsole(window.location.pathname) ? (
    <OperatorApp styleNonce={styleNonce} />
  ) : (
    <ConsoleApp styleNonce={styleNonce} />
  ),
);
