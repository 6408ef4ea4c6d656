"use client";
// A menu button (the WAI-ARIA "menu button" pattern): Enter, Space or ArrowDown open it on the
// first item, ArrowUp on the last; arrows, Home and End move; Escape closes it and puts focus
// back on the button; Tab or a click elsewhere closes it. Choosing an item gives focus back to
// the button *before* the item's action runs, so a dialog the action opens returns focus there
// when it closes (the menu item itself is gone by then). Hand-written: a few dozen lines with
// no inline styles, where a positioning library would set them under the nonce CSP.
import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from "react";
import { focusRing } from "./button";
import { cn } from "./cn";

export interface MenuItem {
  label: string;
  onSelect: () => void;
  danger?: boolean;
  disabled?: boolean;
}

export function MenuButton({
  label,
  accessibleName,
  items,
  testId,
}: {
  /** What the button shows. */
  label: ReactNode;
  /** What the button is called (e.g. "Actions for “Buy milk”"). */
  accessibleName: string;
  items: MenuItem[];
  testId?: string;
}) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLDivElement>(null);
  // Which item to focus once the menu is rendered: "first", "last", or none (mouse open).
  const focusOnOpen = useRef<"first" | "last">("first");

  const itemsInMenu = () =>
    Array.from(
      menuRef.current?.querySelectorAll<HTMLElement>('[role="menuitem"]:not([aria-disabled])') ??
        [],
    );

  useEffect(() => {
    if (!open) return;
    const all = itemsInMenu();
    (focusOnOpen.current === "last" ? all.at(-1) : all[0])?.focus();
    function onPointerDown(event: PointerEvent) {
      const target = event.target as Node;
      if (!menuRef.current?.contains(target) && !buttonRef.current?.contains(target))
        setOpen(false);
    }
    document.addEventListener("pointerdown", onPointerDown);
    return () => document.removeEventListener("pointerdown", onPointerDown);
  }, [open]);

  const close = () => {
    setOpen(false);
    buttonRef.current?.focus();
  };

  function onButtonKey(event: KeyboardEvent<HTMLButtonElement>) {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      focusOnOpen.current = event.key === "ArrowUp" ? "last" : "first";
      setOpen(true);
    }
  }

  function onMenuKey(event: KeyboardEvent<HTMLDivElement>) {
    const all = itemsInMenu();
    const index = all.indexOf(document.activeElement as HTMLElement);
    const move = (to: number) => {
      event.preventDefault();
      all[(to + all.length) % all.length]?.focus();
    };
    if (event.key === "ArrowDown") move(index + 1);
    else if (event.key === "ArrowUp") move(index - 1);
    else if (event.key === "Home") move(0);
    else if (event.key === "End") move(all.length - 1);
    else if (event.key === "Escape") {
      // Handled here: the page's own Escape handlers (a dialog behind) must not see it.
      event.preventDefault();
      event.stopPropagation();
      close();
    } else if (event.key === "Tab") setOpen(false);
  }

  return (
    <div className="relative inline-block">
      <button
        ref={buttonRef}
        type="button"
        id={`${id}-button`}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? `${id}-menu` : undefined}
        aria-label={accessibleName}
        onClick={() => {
          focusOnOpen.current = "first";
          setOpen((o) => !o);
        }}
        onKeyDown={onButtonKey}
        className={cn(
          "inline-flex min-h-10 min-w-10 items-center justify-center rounded-md px-2 text-slate-700 hover:bg-slate-100",
          focusRing,
        )}
        data-testid={testId}
      >
        {label}
      </button>
      {open && (
        <div
          ref={menuRef}
          id={`${id}-menu`}
          role="menu"
          aria-labelledby={`${id}-button`}
          onKeyDown={onMenuKey}
          className="absolute right-0 z-30 mt-1 min-w-40 rounded-md border border-slate-300 bg-white py-1 text-sm text-slate-900 shadow-lg"
        >
          {items.map((item) => (
            <button
              key={item.label}
              type="button"
              role="menuitem"
              tabIndex={-1}
              aria-disabled={item.disabled || undefined}
              onClick={() => {
                if (item.disabled) return;
                close();
                item.onSelect();
              }}
              className={cn(
                "block w-full px-3 py-2 text-left hover:bg-slate-100 focus:bg-slate-100 aria-disabled:text-slate-500",
                focusRing,
                item.danger && "text-red-700",
              )}
            >
              {item.label}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
