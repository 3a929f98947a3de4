import { lazy, Suspense } from 'react';
import { Link, Route, Routes } from 'react-router';
import { BoardPage } from '../board/BoardPage.tsx';
import { ConnectionBanner } from '../ui/ConnectionBanner.tsx';

// The charts library is most of the code; the board does not wait for it.
const ChairPage = lazy(() => import('../chair/ChairPage.tsx').then((module) => ({ default: module.ChairPage })));

export function App() {
  return (
    <>
      <header className="app-header">
        <Link to="/" className="app-name">
          Chairside
        </Link>
      </header>
      <ConnectionBanner />
      <main className="app-main">
        <Routes>
          <Route path="/" element={<BoardPage />} />
          <Route
            path="/chairs/:chairId"
            element={
              <Suspense fallback={<p className="page-message">Loading chair…</p>}>
                <ChairPage />
              </Suspense>
            }
          />
          <Route
            path="*"
            element={
              <p className="page-message">
                Page not found. <Link to="/">Back to the board</Link>
              </p>
            }
          />
        </Routes>
      </main>
    </>
  );
}
