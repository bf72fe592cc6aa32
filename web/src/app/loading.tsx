export default function Loading() {
  return (
    <div role="status" className="flex items-center justify-center gap-3 py-16 text-slate-700">
      <span
        aria-hidden="true"
        className="inline-block h-5 w-5 animate-spin rounded-full border-2 border-current border-r-transparent"
      />
      Loading…
    </div>
  );
}
