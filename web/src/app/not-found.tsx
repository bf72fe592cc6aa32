import Link from 'next/link';

export default function NotFound() {
  return (
    <div className="card mx-auto max-w-xl p-8 text-center">
      <h1 className="text-2xl font-bold">Not found</h1>
      <p className="mt-2 text-slate-700">
        There is nothing here. The ticket or order may have been removed.
      </p>
      <p className="mt-4">
        <Link href="/" className="btn-primary">
          Browse tickets
        </Link>
      </p>
    </div>
  );
}
