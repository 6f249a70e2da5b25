// The example's own script: counts what the first widget's `analyzed` event reports.
document.getElementById('sentence').addEventListener('analyzed', (e) => {
  const byLabel = {};
  for (const entity of e.detail.entities) byLabel[entity.label] = (byLabel[entity.label] ?? 0) + 1;
  document.getElementById('count').textContent = Object.entries(byLabel)
    .map(([label, n]) => `${n} ${label}`).join(', ') || 'none';
});
