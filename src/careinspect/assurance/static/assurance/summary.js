// RPT-5: the readability check as the inspector types, through the same check as the "Check readability"
// button (which works without this file). A static module: the Content-Security-Policy allows no inline
// script.
const form = document.querySelector('[data-module="app-summary-readability"]');

if (form) {
  const live = form.querySelector('.app-readability-live');
  const url = form.dataset.readabilityUrl;
  const token = form.querySelector('input[name="csrfmiddlewaretoken"]').value;
  let timer = null;

  const text = () =>
    Array.from(form.querySelectorAll('textarea[name$="-text"]'))
      .map((area) => area.value.trim())
      .filter((value) => value)
      .join('\n');

  const say = (answer) => {
    live.hidden = false;
    live.replaceChildren();
    const line = document.createElement('p');
    line.className = 'govuk-body';
    if (answer.reading_age === null) {
      line.textContent = 'Write a block to see its reading age.';
      live.append(line);
      return;
    }
    line.textContent = `Reading age ${answer.reading_age}: ${answer.passes ? 'easy to read' : 'not easy enough yet'}.`;
    live.append(line);
    const list = document.createElement('ul');
    list.className = 'govuk-list govuk-list--bullet';
    for (const reason of answer.reasons) {
      const item = document.createElement('li');
      item.textContent = reason;
      list.append(item);
    }
    for (const sentence of answer.long_sentences) {
      const item = document.createElement('li');
      item.textContent = `Long sentence (${sentence.words} words): “${sentence.text}”`;
      list.append(item);
    }
    if (answer.long_words.length) {
      const item = document.createElement('li');
      item.textContent = `Long words: ${answer.long_words.join(', ')}`;
      list.append(item);
    }
    if (list.children.length) live.append(list);
  };

  const check = async () => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-CSRFToken': token },
      credentials: 'same-origin',
      body: JSON.stringify({ text: text() }),
    });
    if (response.ok) say(await response.json());
  };

  form.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(check, 600);
  });
}
