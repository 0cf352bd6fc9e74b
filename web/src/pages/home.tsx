import { Link } from '../router';

export function HomePage() {
  return (
    <>
      <h1>Welcome</h1>
      <p>Private lessons in piano, guitar, violin, drums and voice, for children aged 5 to 18.</p>
      <ul>
        <li>
          <Link href="/enroll">Enroll a child</Link>
        </li>
        <li>
          <Link href="/sign-in">Sign in</Link> (parents and teachers) to subscribe to your lesson calendar
        </li>
      </ul>
    </>
  );
}
