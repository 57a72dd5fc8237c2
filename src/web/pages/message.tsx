// A page that says what happened and what to do next: every refusal a person can meet.
import { Layout } from '../layout';

export function MessagePage(props: {
  title: string;
  message: string;
  next?: string;
  link?: { href: string; text: string };
}) {
  return (
    <Layout title={props.title}>
      <h1>{props.title}</h1>
      <p>{props.message}</p>
      {props.next ? <p class="muted">{props.next}</p> : null}
      {props.link ? (
        <p>
          <a href={props.link.href} class="button">
            {props.link.text}
          </a>
        </p>
      ) : null}
    </Layout>
  );
}
