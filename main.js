// Page entry (a file, not an inline script: the page's CSP forbids inline scripts).
import init, { mount } from './pkg/entity_lens_web.js';

await init();
mount('#app');
document.body.dataset.ready = '1';
