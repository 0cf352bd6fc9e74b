import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Link, useLocation } from './router';
import { CalendarPage } from './pages/calendar';
import { EnrollPage } from './pages/enroll';
import { FollowEnrollmentPage } from './pages/follow-enrollment';
import { HomePage } from './pages/home';
import { SetPasswordPage } from './pages/set-password';
import { SignInPage } from './pages/sign-in';
import './styles.css';

function App() {
  const { path } = useLocation();
  const page = (() => {
    switch (path) {
      case '/':
        return <HomePage />;
      case '/sign-in':
        return <SignInPage />;
      case '/set-password':
        return <SetPasswordPage />;
      case '/calendar':
        return <CalendarPage />;
      case '/enroll':
        return <EnrollPage />;
      case '/enrollments/follow':
        return <FollowEnrollmentPage />;
      default:
        return (
          <>
            <h1>Page not found</h1>
            <p>
              There is no page here. Go to the <Link href="/">academy's home page</Link>.
            </p>
          </>
        );
    }
  })();
  return (
    <>
      <header>
        <Link href="/" className="brand">
          Cedar Heights Music Academy
        </Link>
      </header>
      <main>{page}</main>
    </>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
