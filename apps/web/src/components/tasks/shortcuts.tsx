"use client";
// The task list's keyboard shortcuts. Never while typing (inputs, text areas, selects,
// editable text), never with a modifier, never behind an open dialog.
import { useEffect, useRef } from "react";

export const SHORTCUTS = [
  { key: "n", does: "New task (focus the title)" },
  { key: "/", does: "Search" },
  { key: "j", does: "Next task" },
  { key: "k", does: "Previous task" },
  { key: "x", does: "Select or unselect the task" },
  { key: "c", does: "Complete or reopen the task" },
  { key: "e", does: "Edit the task" },
  { key: "#", does: "Delete the task (Undo in the notice)" },
  { key: "?", does: "Show these shortcuts" },
] as const;

export interface ShortcutHandlers {
  onNew(): void;
  onSearch(): void;
  onMove(step: 1 | -1): void;
  onSelect(): void;
  onComplete(): void;
  onEdit(): void;
  onDelete(): void;
  onHelp(): void;
}

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return (
    target.isContentEditable ||
    target instanceof HTMLInputElement ||
    target instanceof HTMLTextAreaElement ||
    target instanceof HTMLSelectElement
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
      const h = ref.current;
      const actions: Record<string, () => void> = {
        n: h.onNew,
        "/": h.onSearch,
        j: () => h.onMove(1),
        k: () => h.onMove(-1),
        x: h.onSelect,
        c: h.onComplete,
        e: h.onEdit,
        "#": h.onDelete,
        "?": h.onHelp,
      };
      const action = actions[event.key];
      if (!action) return;
      event.preventDefault();
      action();
    }
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);
}
