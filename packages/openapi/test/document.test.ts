import { ROUTES } from '@ticketing/contracts';
import { openApiDocument } from '../src';

describe('the OpenAPI document', () => {
  const doc = openApiDocument() as {
    paths: Record<
      string,
      Record<
        string,
        {
          requestBody?: {
            content: {
              'application/json': {
                schema: { properties: Record<string, unknown>; required?: string[] };
              };
            };
          };
        }
      >
    >;
  };

  it('when generated, then every documented route is there', () => {
    for (const r of ROUTES) expect(doc.paths[r.path]?.[r.method]).toBeDefined();
  });

  it('when generated, then request bodies come from the zod schemas the services validate with', () => {
    const create = doc.paths['/api/tickets']!.post!.requestBody!.content['application/json'].schema;
    expect(Object.keys(create.properties)).toEqual(
      expect.arrayContaining([
        'eventId',
        'title',
        'category',
        'venue',
        'startsAt',
        'price',
        'currency',
        'quantity',
      ]),
    );
    // The event is named (eventId) or described (title, category, venue, startsAt): either way.
    expect(create.required).toContain('price');
    expect(create.required).not.toContain('title');
    const signup =
      doc.paths['/api/users/signup']!.post!.requestBody!.content['application/json'].schema;
    expect(signup.required).toEqual(['email', 'password']);
  });
});
