export { scoreGroup } from '@lockstep/detection';
export { TOKEN_KINDS as TOKEN_KINDS_DEBUG } from '@lockstep/features';
