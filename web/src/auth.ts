// Sign-in state (HttpOnly cookie; GET /api/auth/me tells who we are) and the sign-in form.

import { api, ApiError, setUnauthorizedHandler } from './api';
import { h } from './dom';
import { buildForm, onSubmit, value, type FormParts } from './forms';
import type { SignedInUser } from './types';

const RANK: Record<string, number> = { viewer: 0, member: 1, moderator: 2, admin: 3 };

type Listener = (user: SignedInUser | null) => void;

class Auth {
  user: SignedInUser | null = null;
  private listeners = new Set<Listener>();
  private parts: FormParts | null = null;
  private headerEl: HTMLElement | null = null;
  private panel: HTMLElement | null = null;
  private opener: HTMLElement | null = null;

  /** Reads who is signed in; never throws. */
  async init(header: HTMLElement, panel: HTMLElement): Promise<void> {
    this.headerEl = header;
    this.panel = panel;
    setUnauthorizedHandler(() => { if (this.user) this.set(null); });
    try {
      this.user = await api.me();
    } catch {
      this.user = null;
    }
    this.renderHeader();
  }

  /** True when signed in with at least this role. */
  can(role: 'viewer' | 'member' | 'moderator' | 'admin'): boolean {
    return this.user !== null && (RANK[this.user.role] ?? -1) >= (RANK[role] ?? 99);
  }

  onChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private set(user: SignedInUser | null): void {
    const changed = user?.name !== this.user?.name || user?.role !== this.user?.role;
    this.user = user;
    this.renderHeader();
    if (changed) for (const l of this.listeners) l(user);
  }

  private renderHeader(): void {
    const el = this.headerEl;
    if (!el) return;
    if (this.user) {
      const out = h('button', { type: 'button', class: 'ghost small', 'data-action': 'sign-out' }, 'Sign out');
      out.addEventListener('click', () => { void this.signOut(); });
      el.replaceChildren(
        h('span', { class: 'who', 'data-testid': 'signed-in-user' }, `${this.user.name} (${this.user.role})`),
        h('span', { class: 'sep', 'aria-hidden': 'true' }, '·'),
        out);
    } else {
      const button = h('button', {
        type: 'button', class: 'small', 'data-action': 'sign-in', 'aria-controls': 'auth-panel', 'aria-expanded': 'false',
      }, 'Sign in');
      button.addEventListener('click', () => {
        const form = this.parts?.form;
        if (form?.isConnected && form.parentElement !== this.panel) { this.parts?.controls.get('userName')?.focus(); return; }
        if (this.panel && !this.panel.hidden && form?.parentElement === this.panel) this.closePanel();
        else this.showSignIn(null, button);
      });
      el.replaceChildren(button);
    }
  }

  private form(): FormParts {
    if (this.parts) return this.parts;
    const parts = buildForm({
      testid: 'sign-in',
      title: 'Sign in',
      fields: [
        { name: 'userName', label: 'User name', required: true, autocomplete: 'username' },
        { name: 'password', label: 'Password', type: 'password', required: true, autocomplete: 'current-password' },
        { name: 'rememberMe', label: 'Keep me signed in', type: 'checkbox' },
      ],
      submitLabel: 'Sign in',
      onCancel: () => this.closePanel(),
      cls: 'sign-in',
    });
    onSubmit(parts, async () => {
      const remember = parts.controls.get('rememberMe');
      try {
        const user = await api.login({
          userName: value(parts, 'userName'),
          password: parts.controls.get('password')?.value ?? '',
          rememberMe: remember instanceof HTMLInputElement && remember.checked,
        });
        const password = parts.controls.get('password');
        if (password) password.value = '';
        this.closePanel();
        this.set(user);
      } catch (e) {
        if (e instanceof ApiError && e.status === 401 && Object.keys(e.errors).length === 0) {
          // A wrong password, not an expired session: show the server's words (or ours).
          throw new Error(e.title === 'Sign in to continue.' ? 'Wrong user name or password.' : [e.title, e.detail].filter(Boolean).join(' '));
        }
        throw e;
      }
    });
    this.parts = parts;
    return parts;
  }

  /** Shows the sign-in form in the header panel (container null) or inside a page container. */
  showSignIn(container: HTMLElement | null, opener: HTMLElement | null = null): void {
    const parts = this.form();
    this.opener = opener;
    parts.form.classList.toggle('inline-sign-in', container !== null);
    if (container) {
      if (this.panel) this.panel.hidden = true;
      container.append(parts.form);
    } else if (this.panel) {
      this.panel.replaceChildren(parts.form);
      this.panel.hidden = false;
    }
    this.headerEl?.querySelector('[data-action="sign-in"]')?.setAttribute('aria-expanded', container ? 'false' : 'true');
    parts.controls.get('userName')?.focus();
  }

  closePanel(): void {
    const wasOpen = !!this.panel && !this.panel.hidden && this.parts?.form.parentElement === this.panel;
    if (this.panel && this.parts?.form.parentElement === this.panel) {
      this.panel.hidden = true;
      this.parts.form.remove();
    }
    if (!wasOpen) { this.opener = null; return; }
    this.headerEl?.querySelector('[data-action="sign-in"]')?.setAttribute('aria-expanded', 'false');
    const back = this.opener ?? this.headerEl?.querySelector<HTMLElement>('[data-action="sign-in"]');
    if (back && back.isConnected) back.focus();
    this.opener = null;
  }

  async signOut(): Promise<void> {
    try { await api.logout(); } catch { /* signed out anyway */ }
    this.set(null);
  }
}

export const auth = new Auth();
