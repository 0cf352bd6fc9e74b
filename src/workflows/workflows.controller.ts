import { Controller, Get, Injectable, OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { WorkflowsResponse } from './workflows.response';
import { Public } from '../identity/auth/auth.decorators';
import { edgesOf, WorkflowDefinition } from './workflow-definition';
import { WorkflowSaga } from './workflow.saga';

/** Every workflow saga in the app, validated at boot (a bad DAG stops the app from starting). */
@Injectable()
export class WorkflowRegistry implements OnModuleInit {
  private definitions: WorkflowDefinition[] = [];

  constructor(private readonly discovery: DiscoveryService) {}

  onModuleInit(): void {
    const sagas = this.discovery
      .getProviders()
      .map((w) => w.instance as unknown)
      .filter((i): i is WorkflowSaga => i instanceof WorkflowSaga);
    for (const saga of sagas) saga.validate();
    this.definitions = sagas.map((s) => s.definition).sort((a, b) => a.name.localeCompare(b.name));
  }

  all(): WorkflowDefinition[] {
    return this.definitions;
  }
}

@ApiTags('workflows')
@Controller('api/v1/workflows')
export class WorkflowsController {
  constructor(private readonly registry: WorkflowRegistry) {}

  @Public()
  @Get()
  @ApiOperation({ operationId: 'listWorkflows', summary: 'Every workflow DAG' })
  @ApiOkResponse({ description: 'Every workflow DAG: nodes, edges and routers', type: WorkflowsResponse })
  list() {
    return {
      workflows: this.registry.all().map((def) => ({
        name: def.name,
        description: def.description,
        startsWith: def.startsWith,
        requestOutcomes: def.requestOutcomes ?? [],
        nodes: def.nodes,
        edges: edgesOf(def),
        routers: def.routers ?? [],
      })),
    };
  }
}
