/** A deterministic CSV of n authorities with awkward text (commas, quotes, formula starts) and profile columns. */
export function awkwardCsv(n: number, seed = 7): string {
  let x = seed;
  const rnd = () => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return x / 2 ** 31;
  };
  const kinds = ['council', 'police', 'school', 'health', 'fire', 'university', 'other'];
  const names = ['Plain', 'Comma, Ltd', 'Say "hi"', '=SUM(A1)', '+44 line', '-minus', '@handle', 'Line\nbreak'];
  const rows = ['id,name,kind,staff,lat,lon,region,servers,needs24x7,contacts.web,specialists.security'];
  for (let i = 0; i < n; i++) {
    const located = rnd() < 0.8;
    const name = `${names[i % names.length]} ${i}`;
    const quoted = /[",\n]/.test(name) ? `"${name.replace(/"/g, '""')}"` : name;
    rows.push(
      [
        `a-${i}`,
        // the template's formula prefix, as an export writes it
        /^[=+\-@]/.test(name) ? `'${quoted}` : quoted,
        kinds[i % kinds.length],
        String(Math.round(1 + rnd() * 5000) + (i % 3 === 0 ? 0.25 : 0)),
        located ? (50 + rnd() * 8).toFixed(6) : '',
        located ? (-6 + rnd() * 7).toFixed(6) : '',
        i % 4 === 0 ? '' : `Region ${i % 9}`,
        i % 5 === 0 ? String(Math.round(rnd() * 200)) : '',
        i % 7 === 0 ? (rnd() < 0.5 ? 'true' : 'no') : '',
        i % 6 === 0 ? String(Math.round(rnd() * 1e6)) : '',
        i % 11 === 0 ? (rnd() * 2).toFixed(3) : '',
      ].join(','),
    );
  }
  return `${rows.join('\n')}\n`;
}
