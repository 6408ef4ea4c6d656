"use client";
// A part of a page that is rendered on the server with the rest, but whose JavaScript the
// browser fetches only once the person shows up: the first pointer, touch, key or focus
// anywhere on the page. Until then React leaves the server's HTML in place (a Suspense
// boundary still waiting for its code stays dehydrated), and when the code arrives React
// hydrates that same HTML: no node is replaced, so focus, scroll and typed text stay.
//
// What someone does inside the part before it is live is not lost: a click or submit there is
// held back (a checkbox does not flip, a link does not leave) and played again on the same
// element once React owns it; text typed into a field is handed to React as typing; a
// shortcut key pressed meanwhile is pressed again.
import {
  lazy,
  Suspense,
  useEffect,
  useMemo,
  useState,
  type ComponentType,
  type ReactNode,
} from "react";
import { PRESENCE_EVENTS } from "@/lib/presence";
import { useHydrated } from "@/lib/use-hydrated";

/** Marks the server HTML a deferred part covers (its name as the value): events inside it wait for its code. */
const REGION_ATTRIBUTE = "data-deferred";

function isTyping(target: Element): boolean {
  return (
    target instanceof HTMLInputElement ||
    target instanceof HTMLTextAreaElement ||
    target instanceof HTMLSelectElement ||
    (target instanceof HTMLElement && target.isContentEditable)
  );
}

/**
 * Hands text typed before hydration to React as typing. React notices a change only against the
 * value it last saw, which (read while hydrating) is already this text: it is first told the
 * field is empty (the element's own `value`, which React watches), then the text is put back
 * past React (the prototype's setter) and announced.
 */
function typeInto(
  field: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement,
  value: string,
) {
  if (!(field instanceof HTMLSelectElement)) field.value = "";
  const prototype = Object.getPrototypeOf(field) as object;
  Object.getOwnPropertyDescriptor(prototype, "value")?.set?.call(field, value);
  field.dispatchEvent(
    new Event(field instanceof HTMLSelectElement ? "change" : "input", { bubbles: true }),
  );
}

/** Holds back what happens inside the named part's region until `release`, then plays it again. */
function recordUntilLive(name: string, start: () => void): () => void {
  const held: (() => void)[] = [];
  const typed = new Map<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement, string>();
  const inRegion = (event: Event) =>
    event.target instanceof Element &&
    event.target.closest(`[${REGION_ATTRIBUTE}="${name}"]`) !== null;

  const onPresence = () => start();
  const onClickOrSubmit = (event: Event) => {
    if (!inRegion(event)) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    // A click on an icon inside a button lands on the <svg>, which has no click(): replay it on
    // the nearest HTML element (the button), where the click would have gone on anyway.
    let target: Element | null = event.target as Element;
    while (target && !(target instanceof HTMLElement)) target = target.parentElement;
    if (target instanceof HTMLFormElement && event.type === "submit")
      held.push(() => target.requestSubmit());
    else if (target instanceof HTMLElement) held.push(() => target.click());
  };
  const onType = (event: Event) => {
    const target = event.target;
    if (
      inRegion(event) &&
      (target instanceof HTMLInputElement ||
        target instanceof HTMLTextAreaElement ||
        target instanceof HTMLSelectElement) &&
      target.type !== "checkbox" &&
      target.type !== "radio" &&
      target.type !== "file"
    )
      typed.set(target, target.value);
  };
  const onKey = (event: KeyboardEvent) => {
    if (!(event.target instanceof Element) || isTyping(event.target) || !event.isTrusted) return;
    const { key, code, shiftKey, altKey, ctrlKey, metaKey } = event;
    const target = event.target;
    held.push(() =>
      target.dispatchEvent(
        new KeyboardEvent("keydown", {
          key,
          code,
          shiftKey,
          altKey,
          ctrlKey,
          metaKey,
          bubbles: true,
        }),
      ),
    );
  };

  for (const type of PRESENCE_EVENTS)
    window.addEventListener(type, onPresence, { capture: true, passive: true });
  window.addEventListener("click", onClickOrSubmit, true);
  window.addEventListener("submit", onClickOrSubmit, true);
  window.addEventListener("input", onType, true);
  window.addEventListener("change", onType, true);
  window.addEventListener("keydown", onKey, true);

  return function release() {
    for (const type of PRESENCE_EVENTS) window.removeEventListener(type, onPresence, true);
    window.removeEventListener("click", onClickOrSubmit, true);
    window.removeEventListener("submit", onClickOrSubmit, true);
    window.removeEventListener("input", onType, true);
    window.removeEventListener("change", onType, true);
    window.removeEventListener("keydown", onKey, true);
    for (const [field, value] of typed) if (field.isConnected) typeInto(field, value);
    for (const replay of held) {
      try {
        replay();
      } catch (error) {
        // One that no longer fits the page (its element gone) must not stop the rest.
        console.warn("A held-back action could not be replayed.", error);
      }
    }
  };
}

/**
 * `deferred("name", () => import("./heavy"), fallback, loadNow)` is a component rendered like `heavy`'s
 * default export: in the server's HTML at once, live once the person is there. It loads at once
 * when `loadNow(props)` says the server's HTML cannot stand on its own (it only says "Loading"),
 * and when rendered by a client-side navigation (no server HTML; `fallback` shows meanwhile).
 */
export function deferred<P extends object>(
  name: string,
  load: () => Promise<{ default: ComponentType<P> }>,
  fallback: ReactNode,
  loadNow: (props: P) => boolean = () => false,
): ComponentType<P> {
  if (typeof window === "undefined") {
    // Rendered into the page's HTML like any component (the first request after a start may
    // stream it in a moment later, while its module loads).
    const Server = lazy(load);
    return function DeferredOnServer(props: P) {
      return (
        <div {...{ [REGION_ATTRIBUTE]: name }}>
          <Suspense fallback={fallback}>
            <Server {...props} />
          </Suspense>
        </div>
      );
    };
  }

  let begin = () => {};
  const present = new Promise<void>((resolve) => (begin = resolve));
  let release: (() => void) | null = recordUntilLive(name, () => begin());
  const Live = lazy(async () => {
    await present;
    const { default: Part } = await load();
    return {
      default: function LivePart(props: P) {
        // Hydrated and committed: React owns the nodes, so what was held back can run now.
        useEffect(() => {
          release?.();
          release = null;
        }, []);
        return <Part {...props} />;
      },
    };
  });
  return function Deferred(props: P) {
    // Whether this instance first rendered as hydration (server HTML on screen) or as a client render.
    const hydrated = useHydrated();
    const [fromServerHtml] = useState(!hydrated);
    if (!fromServerHtml || loadNow(props)) begin();
    // The very same element on every render of this wrapper (it renders again once hydration is
    // over): a still-dehydrated boundary that receives new props is thrown away by React and
    // rendered on the client, which would replace the server's HTML with the fallback.
    return useMemo(
      () => (
        <div {...{ [REGION_ATTRIBUTE]: name }}>
          <Suspense fallback={fallback}>
            <Live {...props} />
          </Suspense>
        </div>
      ),
      [props],
    );
  };
}
