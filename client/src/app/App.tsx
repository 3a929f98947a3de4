import { lazy, Suspense } from 'react';
import { Link, Route, Routes } from 'react-router';
import { AlarmHistoryPage } from '../alarms/AlarmHistoryPage.tsx';
import { AlarmProfilePage } from '../alarms/AlarmProfilePage.tsx';
import { AuditPage } from '../audit/AuditPage.tsx';
import { ChairsPage } from '../admin/ChairsPage.tsx';
import { TokensPage } from '../admin/TokensPage.tsx';
import { UsersPage } from '../admin/UsersPage.tsx';
import { BoardPage } from '../board/BoardPage.tsx';
import { SessionSearchPage } from '../history/SessionSearchPage.tsx';
import { StartSessionPage } from '../session/StartSessionPage.tsx';
import { LoginPage } from '../sign-in/LoginPage.tsx';
import { SetupPage } from '../sign-in/SetupPage.tsx';
import { Allowed } from './Allowed.tsx';
import { SignedInLayout } from './SignedInLayout.tsx';

// The charts library is most of the code; the board does not wait for it.
const ChairPage = lazy(() => import('../chair/ChairPage.tsx').then((module) => ({ default: module.ChairPage })));
const PatientSeriesPage = lazy(() => import('../history/PatientSeriesPage.tsx').then((module) => ({ default: module.PatientSeriesPage })));
const SessionReviewPage = lazy(() => import('../review/SessionReviewPage.tsx').then((module) => ({ default: module.SessionReviewPage })));
const SessionReportPage = lazy(() => import('../review/SessionReportPage.tsx').then((module) => ({ default: module.SessionReportPage })));
const ClinicSummaryPage = lazy(() => import('../history/ClinicSummaryPage.tsx').then((module) => ({ default: module.ClinicSummaryPage })));

export function App() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route path="/setup" element={<SetupPage />} />
      <Route element={<SignedInLayout />}>
        <Route index element={<BoardPage />} />
        <Route
          path="chairs/:chairId"
          element={
            <Allowed to="open-chair">
              <Suspense fallback={<p className="page-message">Loading chair…</p>}>
                <ChairPage />
              </Suspense>
            </Allowed>
          }
        />
        <Route
          path="chairs/:chairId/start"
          element={
            <Allowed to="run-session">
              <StartSessionPage />
            </Allowed>
          }
        />
        <Route
          path="alarms"
          element={
            <Allowed to="read-alarms">
              <AlarmHistoryPage />
            </Allowed>
          }
        />
        <Route
          path="sessions"
          element={
            <Allowed to="search-sessions">
              <SessionSearchPage />
            </Allowed>
          }
        />
        <Route
          path="sessions/:sessionId"
          element={
            <Allowed to="search-sessions">
              <Suspense fallback={<p className="page-message">Loading session…</p>}>
                <SessionReviewPage />
              </Suspense>
            </Allowed>
          }
        />
        <Route
          path="sessions/:sessionId/report"
          element={
            <Allowed to="search-sessions">
              <Suspense fallback={<p className="page-message">Loading report…</p>}>
                <SessionReportPage />
              </Suspense>
            </Allowed>
          }
        />
        <Route
          path="patients/:patientId/series"
          element={
            <Allowed to="search-sessions">
              <Suspense fallback={<p className="page-message">Loading the series…</p>}>
                <PatientSeriesPage />
              </Suspense>
            </Allowed>
          }
        />
        <Route
          path="summary"
          element={
            <Allowed to="read-clinic-summary">
              <Suspense fallback={<p className="page-message">Loading the summary…</p>}>
                <ClinicSummaryPage />
              </Suspense>
            </Allowed>
          }
        />
        <Route
          path="audit"
          element={
            <Allowed to="read-audit">
              <AuditPage />
            </Allowed>
          }
        />
        <Route
          path="admin/users"
          element={
            <Allowed to="manage-users">
              <UsersPage />
            </Allowed>
          }
        />
        <Route
          path="admin/chairs"
          element={
            <Allowed to="manage-chairs">
              <ChairsPage />
            </Allowed>
          }
        />
        <Route
          path="admin/tokens"
          element={
            <Allowed to="manage-ingest-tokens">
              <TokensPage />
            </Allowed>
          }
        />
        <Route
          path="admin/alarm-profile"
          element={
            <Allowed to="edit-alarm-profile">
              <AlarmProfilePage />
            </Allowed>
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
      </Route>
    </Routes>
  );
}
