import { Router, type Request } from 'express';
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { ZodType } from 'zod';
import {
  AddAddressBookEntriesBody, AddAddressBookEntriesResult, AddressBook, AddressBookEntryList, AddressBookEntryParams, AddressBookFileResult,
  AddressBookIdParams, AddressBookList, CreateAddressBookBody, ListAddressBookEntriesQuery, RECIPIENTS_FILE_MAX_BYTES,
} from '@hanjullo/shared';
import type { AppDeps } from '../../app.js';
import { actorOf, authenticate, getAuth, requireRole } from '../../http/authenticate.js';
import { errorResponses } from '../../http/openapi.js';
import { parse } from '../../http/parse.js';
import { recipientsFileErrorResponses, recipientsFileRequestBody } from '../direct-sends/direct-sends.routes.js';
import { companyScopeOf } from '../scope/scope.js';
import { fileReceiver } from '../uploads/upload-middleware.js';
import {
  addAddressBookEntries, addAddressBookEntriesFromFile, createAddressBook, deleteAddressBook, deleteAddressBookEntry, listAddressBookEntries,
  listAddressBooks,
} from './address-books.service.js';

const scopeOf = (req: Request) => companyScopeOf(getAuth(req));
const idOf = (req: Request) => parse(AddressBookIdParams, req.params).id;

/** Address books for direct sends, for marketers and company admins. */
export function addressBookRoutes(deps: AppDeps): Router {
  const router = Router();
  const guard = [authenticate(deps), requireRole('company_user', 'company_admin')];
  const receive = fileReceiver(deps.config.uploadDir, { maxBytes: RECIPIENTS_FILE_MAX_BYTES });
  router.get('/api/address-books', ...guard, async (req, res) => {
    res.json(await listAddressBooks(deps, scopeOf(req)));
  });
  router.post('/api/address-books', ...guard, async (req, res) => {
    res.status(201).json(await createAddressBook(deps, scopeOf(req), actorOf(req), parse(CreateAddressBookBody, req.body)));
  });
  router.delete('/api/address-books/:id', ...guard, async (req, res) => {
    await deleteAddressBook(deps, scopeOf(req), actorOf(req), idOf(req));
    res.status(204).end();
  });
  router.get('/api/address-books/:id/entries', ...guard, async (req, res) => {
    res.json(await listAddressBookEntries(deps, scopeOf(req), idOf(req), parse(ListAddressBookEntriesQuery, req.query)));
  });
  router.post('/api/address-books/:id/entries', ...guard, async (req, res) => {
    res.json(await addAddressBookEntries(deps, scopeOf(req), actorOf(req), idOf(req), parse(AddAddressBookEntriesBody, req.body)));
  });
  router.post('/api/address-books/:id/entries/file', ...guard, async (req, res) => {
    const id = idOf(req);
    res.json(await addAddressBookEntriesFromFile(deps, scopeOf(req), actorOf(req), id, await receive(req, res)));
  });
  router.delete('/api/address-books/:id/entries/:phone', ...guard, async (req, res) => {
    const params = parse(AddressBookEntryParams, req.params);
    await deleteAddressBookEntry(deps, scopeOf(req), actorOf(req), params.id, params.phone);
    res.status(204).end();
  });
  return router;
}

export function registerAddressBookOpenApi(registry: OpenAPIRegistry): void {
  const tags = ['campaigns'];
  const json = (schema: ZodType, description: string) => ({ description, content: { 'application/json': { schema } } });
  const paths: Array<['get' | 'post', string, string, object, ZodType, number]> = [
    ['get', '/api/address-books', '주소록 목록 (내 주소록 + 공용)', {}, AddressBookList, 200],
    ['post', '/api/address-books', '주소록 만들기', { body: { content: { 'application/json': { schema: CreateAddressBookBody } } } }, AddressBook, 201],
    ['get', '/api/address-books/{id}/entries', '주소록 번호 목록 (페이지)', { params: AddressBookIdParams, query: ListAddressBookEntriesQuery }, AddressBookEntryList, 200],
    ['post', '/api/address-books/{id}/entries', '주소록 번호 추가 (정규화, 잘못된 번호 보고, 중복 병합)',
      { params: AddressBookIdParams, body: { content: { 'application/json': { schema: AddAddressBookEntriesBody } } } }, AddAddressBookEntriesResult, 200],
  ];
  for (const [method, path, summary, request, schema, status] of paths) {
    registry.registerPath({ method, path, tags, summary, request, responses: { [status]: json(schema, summary), ...errorResponses } });
  }
  registry.registerPath({
    method: 'post', path: '/api/address-books/{id}/entries/file', tags,
    summary: '주소록 파일로 번호 추가 (.csv UTF-8/CP949, .txt, .xlsx, .xls; 10MB·50,000명 이하; 잘못된 줄·중복 줄 번호 보고)',
    request: { params: AddressBookIdParams, body: recipientsFileRequestBody },
    responses: { 200: json(AddressBookFileResult, '추가 결과'), ...errorResponses, ...recipientsFileErrorResponses },
  });
  registry.registerPath({
    method: 'delete', path: '/api/address-books/{id}', tags, summary: '주소록 삭제 (공용은 만든 사람·관리자만)',
    request: { params: AddressBookIdParams }, responses: { 204: { description: '삭제됨' }, ...errorResponses },
  });
  registry.registerPath({
    method: 'delete', path: '/api/address-books/{id}/entries/{phone}', tags, summary: '주소록 번호 삭제',
    request: { params: AddressBookEntryParams }, responses: { 204: { description: '삭제됨' }, ...errorResponses },
  });
}
