import '@mantine/core/styles.css';
import './console.css';

import { createRoot } from 'react-dom/client';

import { ConsoleApp } from './console-app';

// The page's Content-Security-Policy allows inline <style> only with this nonce (Mantine writes its
// CSS variables that way); the gateway puts it on this script's tag.
const styleNonce = (document.currentScript as HTMLScriptElement | null)?.nonce ?? '';

const root = document.getElementById('root');
if (!root) throw new Error('console: #root is missing');
createRoot(root).render(<ConsoleApp styleNonce={styleNonce} />);
