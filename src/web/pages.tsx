// The people's pages, one module each under pages/; imported from here.
export { ConsentPage } from './pages/consent';
export { MessagePage } from './pages/message';
export { CodePage, SignInPage } from './pages/sign-in';
