"use client";
// The task list's keyboard shortcuts: one table gives the key, what it does (the help dialog
// lists it) and which handler runs. Never while typing (inputs, text areas, selects, editable
// text), never with a modifier, never behind an open dialog or inside an open menu.
import { useEffect, useRef } from "react";
import { Button, Dialog } from "../ui";

export interface ShortcutHandlers {
  onNew: () => void;
  onSearch: () => void;
  onNext: () => void;
  onPrevious: () => void;
  onSelect: () => void;
  onComplete: () => void;
  onEdit: () => void;
  onDelete: () => void;
  onHelp: () => void;
}

export const SHORTCUTS = [
  { key: "n", does: "New task (focus the title)", run: "onNew" },
  { key: "/", does: "Search", run: "onSearch" },
  { key: "j", does: "Next task", run: "onNext" },
  { key: "k", does: "Previous task", run: "onPrevious" },
  { key: "x", does: "Select or unselect the task", run: "onSelect" },
  { key: "c", does: "Complete or reopen the task", run: "onComplete" },
  { key: "e", does: "Edit the task", run: "onEdit" },
  { key: "#", does: "Delete the task (Undo in the notice)", run: "onDelete" },
  { key: "?", does: "Show these shortcuts", run: "onHelp" },
] as const satisfies readonly { key: string; does: string; run: keyof ShortcutHandlers }[];

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return (
    target.isContentEditable ||
    target instanceof HTMLInputElement ||
    target instanceof HTMLTextAreaElement ||
    target instanceof HTMLSelectElement ||
    target.closest('[role="menu"]') !== null
  );
}

export function useTaskShortcuts(handlers: ShortcutHandlers): void {
  // The latest handlers, without re-binding the listener on every render.
  const ref = useRef(handlers);
  useEffect(() => {
    ref.current = handlers;
  });
  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
      if (isTyping(event.target) || document.querySelector("dialog[open]")) return;
      const shortcut = SHORTCUTS.find((s) => s.key === event.key);
      if (!shortcut) return;
      event.preventDefault();
      ref.current[shortcut.run]();
    }
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);
}

/** The "?" dialog: every shortcut, from the same table the handler reads. */
export function ShortcutsDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  return (
    <Dialog open={open} title="Keyboard shortcuts" onClose={onClose}>
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm" data-testid="shortcut-list">
        {SHORTCUTS.map(({ key, does }) => (
          <div key={key} className="contents">
            <dt>
              <kbd className="rounded border border-slate-400 px-1.5 font-mono">{key}</kbd>
            </dt>
            <dd>{does}</dd>
          </div>
        ))}
      </dl>
      <div className="mt-4 flex justify-end">
        <Button variant="secondary" onClick={onClose}>
          Close
        </Button>
      </div>
    </Dialog>
  );
}

/** The hint under the list. */
export function ShortcutsHint() {
  return (
    <p className="mt-4 text-sm text-slate-600">
      Press <kbd className="rounded border border-slate-400 px-1 font-mono">?</kbd> for keyboard
      shortcuts.
    </p>
  );
}
