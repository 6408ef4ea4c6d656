import { ApiStatus } from "./api-status";

export default function HomePage() {
  return (
    <main className="mx-auto max-w-xl p-8">
      <h1 className="text-2xl font-semibold">Taskfort</h1>
      <p className="mt-2 text-slate-600">Tasks, kept safe.</p>
      <ApiStatus />
    </main>
  );
}
