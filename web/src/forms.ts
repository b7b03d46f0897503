// Form building blocks: labelled fields with an error slot right under each input, server validation
// errors mapped to their fields, Escape to close.

import { ApiError } from './api';
import { h, uid } from './dom';

export interface Option { value: string; label: string }

export interface FieldSpec {
  name: string;
  label: string;
  type?: 'text' | 'url' | 'date' | 'number' | 'password' | 'textarea' | 'select' | 'checkbox' | 'search';
  options?: Option[];
  required?: boolean;
  placeholder?: string;
  hint?: string;
  value?: string;
  autocomplete?: string;
  attrs?: Record<string, string>;
  wide?: boolean;
}

export type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

export function field(spec: FieldSpec): { wrap: HTMLElement; control: Control } {
  const id = uid(`f-${spec.name}`);
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  let control: Control;
  const type = spec.type ?? 'text';
  if (type === 'textarea') {
    control = h('textarea', { id, name: spec.name, rows: 3 });
  } else if (type === 'select') {
    control = h('select', { id, name: spec.name },
      ...(spec.options ?? []).map((o) => h('option', { value: o.value }, o.label)));
  } else {
    control = h('input', { id, name: spec.name, type });
  }
  if (spec.required) control.required = true;
  if (spec.placeholder && !(control instanceof HTMLSelectElement)) control.placeholder = spec.placeholder;
  if (spec.autocomplete) control.setAttribute('autocomplete', spec.autocomplete);
  for (const [k, v] of Object.entries(spec.attrs ?? {})) control.setAttribute(k, v);
  if (spec.value !== undefined) control.value = spec.value;
  const describedBy = [spec.hint ? hintId : null, errorId].filter(Boolean).join(' ');
  control.setAttribute('aria-describedby', describedBy);
  const error = h('p', { class: 'field-error', id: errorId, 'data-error-for': spec.name });
  const label = h('label', { for: id }, spec.label, spec.required ? h('span', { class: 'req', 'aria-hidden': 'true' }, ' *') : null);
  const hint = spec.hint ? h('p', { class: 'hint', id: hintId }, spec.hint) : null;
  const wrap = type === 'checkbox'
    ? h('div', { class: 'field check' }, control, label, error)
    : h('div', { class: `field${spec.wide ? ' wide' : ''}` }, label, control, hint, error);
  return { wrap, control };
}

export interface FormParts {
  form: HTMLFormElement;
  controls: Map<string, Control>;
  submit: HTMLButtonElement;
  formError: HTMLElement;
  actions: HTMLElement;
}

export function buildForm(opts: {
  testid: string;
  title?: string;
  fields: FieldSpec[];
  submitLabel: string;
  onCancel?: () => void;
  cls?: string;
}): FormParts {
  const controls = new Map<string, Control>();
  const form = h('form', { class: `form ${opts.cls ?? ''}`.trim(), 'data-testid': opts.testid, novalidate: true });
  const titleId = opts.title ? uid('form-title') : null;
  if (opts.title && titleId) {
    form.setAttribute('aria-labelledby', titleId);
    form.append(h('h3', { id: titleId, class: 'form-title' }, opts.title));
  }
  const grid = h('div', { class: 'form-grid' });
  for (const spec of opts.fields) {
    const { wrap, control } = field(spec);
    controls.set(spec.name, control);
    grid.append(wrap);
  }
  const formError = h('div', { class: 'form-error', 'data-error-for': 'form', role: 'alert', hidden: true });
  const submit = h('button', { type: 'submit', class: 'primary' }, opts.submitLabel);
  const actions = h('div', { class: 'form-actions' }, submit);
  if (opts.onCancel) {
    const cancel = h('button', { type: 'button', class: 'ghost' }, 'Cancel');
    const onCancel = opts.onCancel;
    cancel.addEventListener('click', () => onCancel());
    actions.append(cancel);
    form.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') { e.preventDefault(); e.stopPropagation(); onCancel(); }
    });
  }
  form.append(grid, formError, actions);
  return { form, controls, submit, formError, actions };
}

export function value(parts: FormParts, name: string): string {
  return parts.controls.get(name)?.value.trim() ?? '';
}

export function clearErrors(form: HTMLFormElement): void {
  form.querySelectorAll<HTMLElement>('[data-error-for]').forEach((el) => {
    el.textContent = '';
    if (el.dataset.errorFor === 'form') el.hidden = true;
  });
  form.querySelectorAll('[aria-invalid]').forEach((el) => el.removeAttribute('aria-invalid'));
}

/** Other names the server may use for a field of ours. */
const FIELD_ALIASES: Record<string, string> = { evidenceUrls: 'evidenceUrl' };

function slotFor(form: HTMLFormElement, key: string): HTMLElement | null {
  const find = (name: string): HTMLElement | null => {
    for (const el of form.querySelectorAll<HTMLElement>('[data-error-for]')) {
      if (el.dataset.errorFor === name) return el;
    }
    return null;
  };
  const lower = (name: string): HTMLElement | null => {
    for (const el of form.querySelectorAll<HTMLElement>('[data-error-for]')) {
      if (el.dataset.errorFor?.toLowerCase() === name.toLowerCase() && name !== 'form') return el;
    }
    return null;
  };
  const base = key.replace(/^\$\.?/, '').split(/[[.]/)[0] ?? key;
  return find(key) ?? find(base) ?? (FIELD_ALIASES[base] ? find(FIELD_ALIASES[base]) : null) ?? lower(base);
}

/** Shows an error: each field message under its field, the rest (and the title) at form level. */
export function showErrors(form: HTMLFormElement, error: unknown): void {
  clearErrors(form);
  const formLevel: string[] = [];
  if (error instanceof ApiError) {
    const entries = Object.entries(error.errors);
    let firstInvalid: HTMLElement | null = null;
    for (const [key, messages] of entries) {
      const slot = key === 'form' ? null : slotFor(form, key);
      if (slot && slot.dataset.errorFor !== 'form') {
        slot.textContent = [slot.textContent, ...messages].filter(Boolean).join(' ');
        const control = form.querySelector<HTMLElement>(`[aria-describedby~="${slot.id}"]`);
        if (control) {
          control.setAttribute('aria-invalid', 'true');
          firstInvalid ??= control;
        }
      } else {
        formLevel.push(...messages.map((m) => (key && key !== 'body' && key !== 'form' && !m.includes(key) ? `${key}: ${m}` : m)));
      }
    }
    if (entries.length === 0 || formLevel.length > 0) {
      const head = error.isUnauthorized ? 'You are signed out — sign in again and resubmit.'
        : error.isForbidden ? 'Your role does not allow this.' : error.title;
      formLevel.unshift(entries.length === 0 && error.detail ? `${head} ${error.detail}` : head);
    }
    firstInvalid?.focus();
  } else {
    formLevel.push(error instanceof Error ? error.message : 'Something went wrong.');
  }
  const slot = form.querySelector<HTMLElement>('[data-error-for="form"]');
  if (slot && formLevel.length) {
    slot.replaceChildren(...formLevel.map((m) => h('p', {}, m)));
    slot.hidden = false;
  }
}

export function setBusy(parts: FormParts, busy: boolean): void {
  parts.submit.disabled = busy;
  parts.form.setAttribute('aria-busy', busy ? 'true' : 'false');
}

/** Wires submit: clears errors, disables the button while sending, shows errors (input is kept). */
export function onSubmit(parts: FormParts, send: () => Promise<void>): void {
  parts.form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (parts.submit.disabled) return;
    clearErrors(parts.form);
    setBusy(parts, true);
    send().catch((err: unknown) => showErrors(parts.form, err)).finally(() => setBusy(parts, false));
  });
}
