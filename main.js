// Page entry (a file, not an inline script: the page's CSP forbids inline scripts).
import init, { mount } from './pkg/entity_lens_web.js';

await init();
mount('#app');
document.body.dataset.ready = '1';
// Offline after the first visit (sw.js). The standalone page only: the widget never registers one.
if ('serviceWorker' in navigator) navigator.serviceWorker.register('sw.js').catch((e) => console.warn('offline use unavailable:', e));
