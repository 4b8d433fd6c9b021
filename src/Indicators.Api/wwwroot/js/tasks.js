// The task register of the plans: every task with its due date and the agencies that carry it on the chosen day,
// overdue tasks first (the most working days late at the top).
import { getAll, query } from './api.js';
import { element } from './dom.js';
import { formatDate, t } from './i18n.js';

const section = document.getElementById('view-tasks');

export async function render(state, catalog, view) {
  section.dataset.state = 'loading';
  const tasks = await getAll(query('/api/v1/tasks', { on: state.asOf, limit: 10000 }));
  if (!view.isCurrent()) return;

  tasks.sort((a, b) => Number(b.overdue) - Number(a.overdue) || b.workingDaysLate - a.workingDaysLate
    || (a.dueDate ?? '9999').localeCompare(b.dueDate ?? '9999') || a.id - b.id);
  const overdue = tasks.filter((task) => task.overdue).length;
  document.getElementById('tasks-summary').textContent = t('tasksSummary', overdue, tasks.length);

  const head = document.createElement('thead');
  head.insertRow().append(...['taskStatus', 'dueDate', 'task', 'leadAgencies', 'document'].map((key) => {
    const th = element('th', key, t(key));
    th.scope = 'col';
    return th;
  }));
  const body = document.createElement('tbody');
  for (const task of tasks) {
    const tr = body.insertRow();
    tr.dataset.task = task.id;
    if (task.overdue) tr.className = 'overdue';
    const status = element('td', 'status', t(`task_${task.status}`));
    if (task.overdue) status.append(element('strong', 'late', t('overdueDays', task.workingDaysLate)));
    const text = element('details');
    text.append(element('summary', '', task.textVi.length > 120 ? `${task.textVi.slice(0, 120)}…` : task.textVi), element('p', '', task.textVi));
    const textCell = element('td', 'text');
    textCell.append(text);
    const leads = element('td', 'agencies', task.currentLeadAgencies.join('; '));
    if (task.successionConfidence === 'low') leads.append(element('em', 'uncertain', t('uncertainSuccession')));
    tr.append(status, element('td', 'date', task.dueDate ? formatDate(task.dueDate) : (task.dueText ?? '–')), textCell, leads,
      element('td', 'source', `${task.source} · ${[task.part, task.item].filter(Boolean).join('.')}`));
  }
  document.getElementById('tasks').replaceChildren(head, body);
  section.dataset.state = 'ready';
}
